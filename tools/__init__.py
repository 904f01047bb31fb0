"""Development tools of the project, not installed with the package (run from the repository)."""
