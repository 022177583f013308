"""The last model per page survives sessions and shrugs off a damaged file."""

from pathlib import Path

from workbench.preferences import LastModels


def test_remembers_per_page_across_instances(tmp_path: Path) -> None:
    LastModels(tmp_path).set("playground", "smollm2-135m:latest")
    LastModels(tmp_path).set("compare", "qwen3:0.6b")
    again = LastModels(tmp_path)
    assert again.get("playground") == "smollm2-135m:latest"
    assert again.pick("playground", ["gemma3:270m", "smollm2-135m:latest"]) == 1
    assert again.pick("compare", ["gemma3:270m"]) is None
    assert again.get("document_chat") is None


def test_korean_names_are_kept(tmp_path: Path) -> None:
    LastModels(tmp_path).set("playground", "한국어-모델:latest")
    assert LastModels(tmp_path).get("playground") == "한국어-모델:latest"


def test_a_damaged_file_is_ignored_and_replaced(tmp_path: Path) -> None:
    (tmp_path / "preferences.json").write_text("{not json", encoding="utf-8")
    last = LastModels(tmp_path)
    assert last.get("playground") is None
    last.set("playground", "gemma3:270m")
    assert last.get("playground") == "gemma3:270m"


def test_an_unwritable_directory_does_not_raise(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    LastModels(blocker).set("playground", "gemma3:270m")
    assert LastModels(blocker).get("playground") is None


def test_several_models_are_remembered_for_a_page_in_their_order(tmp_path: Path) -> None:
    LastModels(tmp_path).set("compare", ["qwen3:0.6b", "gemma3:270m"])
    assert LastModels(tmp_path).get_all("compare") == ["qwen3:0.6b", "gemma3:270m"]
    assert LastModels(tmp_path).get("compare") is None
    LastModels(tmp_path).set("playground", "gemma3:270m")
    assert LastModels(tmp_path).get_all("playground") == ["gemma3:270m"]
    assert LastModels(tmp_path).get_all("document_chat") == []
