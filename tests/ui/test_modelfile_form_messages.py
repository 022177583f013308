"""The Modelfile form rebuilds MESSAGE rows from the table editor's pending changes."""

from workbench.ui.modelfiles.form import edited_messages

BASE = [{"role": "user", "content": "안녕"}, {"role": "assistant", "content": "안녕하세요"}]


def test_edits_deletions_and_additions_are_applied_in_the_editors_order() -> None:
    state = {
        "edited_rows": {"1": {"content": "반갑습니다"}},
        "deleted_rows": [0],
        "added_rows": [{"role": "user", "content": "날씨는?"}, {"role": None}],
    }
    assert edited_messages(BASE, state) == [
        {"role": "assistant", "content": "반갑습니다"},
        {"role": "user", "content": "날씨는?"},
        {"role": "", "content": ""},
    ]
    assert BASE[1]["content"] == "안녕하세요"  # the text's rows are not changed in place


def test_no_pending_change_keeps_the_rows() -> None:
    assert edited_messages(BASE, {}) == BASE
