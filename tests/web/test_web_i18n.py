"""The Vietnamese catalogue is complete and its committed .mo is compiled from the .po."""
from web.i18n_po import PO, mo_bytes, read_po


def test_every_message_is_translated():
    cat = read_po()
    untranslated = [k for k, v in cat.items() if k and not v.strip("\x00")]
    assert untranslated == []


def test_committed_mo_matches_the_po():
    assert PO.with_suffix(".mo").read_bytes() == mo_bytes(read_po())
