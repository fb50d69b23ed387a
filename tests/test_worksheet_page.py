"""The Practice page's worksheet block (AppTest): the generator, its checks, the link."""

from tconv.app.exercises import KINDS, make_exercise
from tconv.app.worksheet import check_request, items, practice_link
from tconv.ui.sharing import find_copy_boxes
from tests.apptest import app_test, unescaped


def test_the_generator_offers_the_pdf_and_the_link_for_a_seed():
    at = app_test("practice")
    assert not at.exception
    at.text_input(key="practice_ws_seed").input("42").run()
    at.number_input(key="practice_ws_count").set_value(6).run()
    assert not at.exception and not at.error
    request, _ = check_request("42", list(KINDS), 6)
    assert find_copy_boxes(at) == [practice_link(request)]
    listed = [c.value for c in at.caption if c.value.startswith("On the sheet: 1. ")][0]
    assert (
        listed.split(" · ")[2]
        == f"3. {KINDS['pick_parameters']} (seed {items(request)[2].exercise.seed})"
    )
    button = at.get("download_button")[0]
    assert "A4 PDF" in button.proto.label
    at.segmented_control(key="practice_ws_paper").set_value("Letter").run()
    assert "Letter PDF" in at.get("download_button")[0].proto.label


def test_bad_requests_get_messages_and_keep_what_was_entered():
    at = app_test("practice")
    at.text_input(key="practice_ws_seed").input("forty-two").run()
    at.number_input(key="practice_ws_count").set_value(0).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "The seed must be a whole number from 0 to 99,999; 'forty-two' is not.",
        "A worksheet has 1 to 24 exercises; '0' is not allowed.",
    ]
    assert at.text_input(key="practice_ws_seed").value == "forty-two"
    assert at.get("download_button") == []
    assert find_copy_boxes(at) == []
    at.number_input(key="practice_ws_count").set_value(30).run()
    assert "'30' is not allowed" in at.error[1].value
    at.multiselect(key="practice_ws_kinds").set_value([]).run()
    assert "Choose at least one kind of exercise." in [e.value for e in at.error]
    # the exercise below still works
    at.text_input(key="practice_answer").set_value("1").run()
    at.button(key="practice_check").click().run()
    assert at.success or [e for e in at.error if e.value.startswith("Not")]


def test_the_printed_link_opens_the_same_exercises_in_order():
    request, _ = check_request("2026", ["cell_value", "spot_checkerboard"], 6)
    query = dict(p.split("=") for p in practice_link(request).split("?")[1].split("&"))
    at = app_test("practice", query)
    assert not at.exception
    sheet = items(request)
    ex1 = sheet[0].exercise
    assert (at.session_state["practice_kind"], at.session_state["practice_seed"]) == (
        ex1.kind,
        ex1.seed,
    )
    assert at.subheader[0].value.endswith(f"seed {ex1.seed}")
    assert any(m.value == f"##### {ex1.prompt}" for m in at.markdown)
    picker = at.selectbox(key="practice_sheet_item")
    assert picker.options[1] == f"2 of 6 · {KINDS['spot_checkerboard']}"
    for it in sheet[1:4]:
        at.selectbox(key="practice_sheet_item").set_value(it.number).run()
        ex = it.exercise
        assert (at.session_state["practice_kind"], at.session_state["practice_seed"]) == (
            ex.kind,
            ex.seed,
        )
        assert any(
            m.value == f"##### {make_exercise(ex.kind, ex.seed).prompt}" for m in at.markdown
        )
    # answering works as for any exercise
    at.radio(key="practice_choice").set_value(sheet[3].exercise.answer).run()
    at.button(key="practice_check").click().run()
    assert at.success and at.success[0].value.startswith("Right")


def test_a_bad_worksheet_link_says_why_and_practice_still_works():
    at = app_test("practice", {"sheet": "abc", "n": "0"})
    assert not at.exception
    text = unescaped(at.error[0].value)  # the link's text is shown escaped, as plain text
    assert "This worksheet link could not be opened" in text
    assert "'abc' is not" in text and "'0' is not allowed" in text
    assert [s for s in at.selectbox if s.key == "practice_sheet_item"] == []
    assert at.subheader[0].value.startswith(KINDS["output_size"])
