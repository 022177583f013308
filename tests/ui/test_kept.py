"""A kept widget value survives a run in which the widget is not drawn (a page switch), and a
rerun of the same page never pushes a kept value over the widget's own."""

from streamlit.testing.v1 import AppTest


def _script() -> None:
    import streamlit as st

    from workbench.ui.kept import keep, restore_kept

    page = st.session_state.get("page", "a")
    restore_kept(page)
    if page == "a":
        st.text_area("System prompt", key=keep("pg.system", "Be brief."))
        st.text_area("Scratch", key="scratch")
    else:
        st.write("another page")


def test_kept_value_survives_a_page_that_does_not_draw_it() -> None:
    at = AppTest.from_function(_script).run()
    assert at.text_area(key="pg.system").value == "Be brief."
    at.text_area(key="pg.system").input("너는 친절한 비서야.").run()
    at.text_area(key="scratch").input("lost").run()
    at.session_state["page"] = "b"
    at.run()
    at.run()
    at.session_state["page"] = "a"
    at.run()
    assert at.text_area(key="pg.system").value == "너는 친절한 비서야."
    assert at.text_area(key="scratch").value == ""


def test_the_kept_value_is_pushed_to_the_browser_only_when_the_page_is_drawn_anew() -> None:
    at = AppTest.from_function(_script).run()
    assert at.text_area(key="pg.system").proto.set_value  # a new session: pushed
    at.text_area(key="pg.system").input("초안").run()
    assert not at.text_area(key="pg.system").proto.set_value  # the user's own value rules
    at.run()
    assert not at.text_area(key="pg.system").proto.set_value
    at.session_state["page"] = "b"
    at.run()
    at.session_state["page"] = "a"
    at.run()
    assert at.text_area(key="pg.system").proto.set_value  # back on the page: pushed again
    assert at.text_area(key="pg.system").value == "초안"
