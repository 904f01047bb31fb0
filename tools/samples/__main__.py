"""``python -m tools.samples [--out DIR]``: regenerate the committed sample folders."""

from tools.samples import main

raise SystemExit(main())
