"""French typography of the exported documents: spaces and apostrophes, text nodes only."""

from __future__ import annotations

from recouvrement.report.typography import NBSP, NNBSP, french_text, typeset_html


def test_guillemets_colons_and_high_punctuation_get_their_non_breaking_spaces():
    assert french_text("« Relance » : fait ; ok ? oui !") == (
        f"«{NBSP}Relance{NBSP}»{NBSP}: fait{NNBSP}; ok{NNBSP}? oui{NNBSP}!"
    )
    assert french_text("«x»") == f"«{NBSP}x{NBSP}»"


def test_only_existing_spaces_are_replaced_before_colons_and_marks():
    """A time, a URL or a query keep their characters: no space is inserted."""
    assert french_text("10:30 https://exemple.fr/?a=1") == "10:30 https://exemple.fr/?a=1"


def test_apostrophes_between_letters_become_typographic_even_escaped():
    assert french_text("l'objectif d&#39;encaissement, l&#x27;an") == (
        "l’objectif d’encaissement, l’an"
    )
    assert french_text("'quoted' 5'") == "'quoted' 5'"


def test_tags_attributes_and_raw_elements_are_left_alone():
    html = (
        '<p title="a : b">x : y</p><style>a : b</style><svg><path d="M 0 0"/>'
        "<g>a : b</g></svg><pre>p : q</pre><p>fin !</p>"
    )
    assert typeset_html(html) == (
        f'<p title="a : b">x{NBSP}: y</p><style>a : b</style><svg><path d="M 0 0"/>'
        f"<g>a : b</g></svg><pre>p : q</pre><p>fin{NNBSP}!</p>"
    )


def test_escaped_client_markup_stays_escaped():
    """A debtor named like a script reaches here escaped; spaces never unescape it."""
    html = "<td>&lt;script&gt;alert(1)&lt;/script&gt; : x</td>"
    assert typeset_html(html) == f"<td>&lt;script&gt;alert(1)&lt;/script&gt;{NBSP}: x</td>"
