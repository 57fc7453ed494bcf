"""Redaction: each detector (true and false positives), names, sessions, the stored list,
and properties: a valid NHS number never survives, and redacting twice changes nothing."""

from __future__ import annotations

import os
from datetime import date

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reflect.journal.connection import open_journal
from reflect.journal.records import Session
from reflect.journal.redaction import RedactNames
from reflect.settings.errors import BadInput, NotFound
from reflect.sharing.redact import Finding, Redactor, nhs_check_digit, valid_nhs_number

FUZZ = settings(max_examples=int(os.environ.get("REFLECT_FUZZ_EXAMPLES", "100")),
                deadline=None, suppress_health_check=[HealthCheck.too_slow])

PEOPLE = [("Sam Jones", "supervisee"), ("Jo Bloggs", "supervisor"), ("Sam Smith", None),
          ("Alex Kay", "peer"), ("Dr Ann Lee", "supervisee")]


def with_check_digit(nine: str) -> str | None:
    """The tenth digit by the NHS rule, computed here independently of the module."""
    remainder = sum(int(d) * (10 - i) for i, d in enumerate(nine)) % 11
    check = 11 - remainder
    if check == 10:
        return None
    return nine + str(0 if check == 11 else check)


VALID = with_check_digit("943476591")  # 9434765919, the NHS's own example number
INVALID = "9434765918"
LAYOUTS = (lambda d: d, lambda d: f"{d[:3]} {d[3:6]} {d[6:]}",
           lambda d: f"{d[:3]}-{d[3:6]}-{d[6:]}")


@pytest.fixture
def plain() -> Redactor:
    return Redactor()


@pytest.fixture
def named() -> Redactor:
    return Redactor(PEOPLE, ["Okafor", "Oak Tree Primary"])


def test_the_check_digit_rule_matches_the_nhs_example():
    assert VALID == "9434765919"
    assert nhs_check_digit("943476591") == 9
    assert valid_nhs_number("943 476 5919") and not valid_nhs_number(INVALID)


# emails ---------------------------------------------------------------------------------

@pytest.mark.parametrize("email", ["sam.jones@example.org", "s+notes@mail.example.co.uk",
                                   "JO_B@Council.GOV.UK"])
def test_emails_become_a_label(plain, email):
    assert plain.text(f"Write to {email} today.") == "Write to [email] today."


@pytest.mark.parametrize("text", ["a@b", "meet @ 10", "sam@home said", "email: @council.gov.uk"])
def test_email_lookalikes_are_left(plain, text):
    assert plain.text(text) == text


def test_a_full_stop_after_an_email_stays(plain):
    assert plain.text("Ask x@y.co.uk.") == "Ask [email]."


# phones ---------------------------------------------------------------------------------

@pytest.mark.parametrize("phone", [
    "07700 900123", "07700900123", "07700 900 123", "+44 7700 900123", "+447700900123",
    "+44 (0)7700 900123", "0044 7700 900123", "020 7946 0958", "02079460958",
    "(020) 7946 0958", "+44 (0)20 7946 0958", "0161 496 0000", "(0161) 496 0000",
    "01632 960123", "01632960123", "0116-496-0000"])
def test_uk_phone_numbers_become_a_label(plain, phone):
    assert plain.text(f"Call {phone} after 2.") == "Call [phone] after 2."


@pytest.mark.parametrize("text", [
    "We met at 10:30 and 14.45.", "She has 12 cases and 1500 words to write.",
    "In 2015 and 2016", "ref 12345678", "code 0123 45", "12345678901 is eleven digits",
    "07700 9001"])
def test_ordinary_numbers_are_not_phones(plain, text):
    assert plain.text(text) == text


# postcodes ------------------------------------------------------------------------------

@pytest.mark.parametrize("postcode", [
    "SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "EC1A 1BB", "W1A 0AX",
    "sw1a 1aa", "m1 1ae", "SW1A1AA", "b338th", "Cr2 6xH"])
def test_uk_postcodes_become_a_label(plain, postcode):
    assert plain.text(f"Lives at {postcode}, near the park") == "Lives at [postcode], near the park"


@pytest.mark.parametrize("text", [
    "Room C3 4th floor", "the A1 2nd junction", "Form Q1 2AB", "covid19 and 5G",
    "SW1A 1AAB", "XSW1A 1AA"])
def test_postcode_lookalikes_are_left(plain, text):
    assert plain.text(text) == text


# NHS numbers ----------------------------------------------------------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_valid_nhs_number_in_any_layout_is_labelled_nhs_number(plain, layout):
    assert plain.text(f"NHS no {layout(VALID)}.") == "NHS no [NHS number]."
    assert plain.findings(layout(VALID))[0].kind == "nhs_number"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_an_invalid_nhs_shaped_number_is_still_hidden_as_a_number(plain, layout):
    assert plain.text(f"NHS no {layout(INVALID)}.") == "NHS no [number]."
    assert plain.findings(layout(INVALID))[0].kind == "number"


def test_a_ten_digit_case_reference_is_hidden_but_not_called_an_nhs_number(plain):
    assert with_check_digit("123456789") is None  # so 1234567890 can never be valid
    assert plain.text("The case 1234567890 was closed") == "The case [number] was closed"


def test_mixed_separators_are_still_caught(plain):
    assert plain.text("943 476-5919") == "[NHS number]"


@pytest.mark.parametrize("text", ["123456789", "94347659190", "943 476 59190", "12 345 6789"])
def test_numbers_of_another_length_are_not_nhs_numbers(plain, text):
    assert plain.text(text) == text


# dates of birth -------------------------------------------------------------------------

@pytest.mark.parametrize(("before", "after"), [
    ("DOB 03/04/2015", "DOB [date of birth]"),
    ("dob: 3/4/15", "dob: [date of birth]"),
    ("D.O.B. 03.04.2015", "D.O.B. [date of birth]"),
    ("D.O.B 03-04-2015", "D.O.B [date of birth]"),
    ("date of birth: 2015-04-03", "date of birth: [date of birth]"),
    ("Date of Birth 3rd of April 2015", "Date of Birth [date of birth]"),
    ("born 3 April 2015", "born [date of birth]"),
    ("Born on 3 Apr 2015", "Born on [date of birth]"),
    ("born April 3rd, 2015", "born [date of birth]"),
    ("born in April 2015", "born in [date of birth]"),
])
def test_a_date_next_to_a_birth_word_becomes_a_label(plain, before, after):
    assert plain.text(f"{before}.") == f"{after}."


@pytest.mark.parametrize("text", [
    "born in Leeds", "born 3 weeks early", "We met on 03/04/2015.", "DOB unknown",
    "first-born 2 years ago", "reborn 3 April 2015 as a team"])
def test_birth_words_without_a_date_and_dates_without_them_are_left(plain, text):
    assert plain.text(text) == text


# anywhere in the text -------------------------------------------------------------------

@pytest.mark.parametrize(("found", "label"), [
    ("sam@example.org", "[email]"), ("07700 900123", "[phone]"), ("SW1A 1AA", "[postcode]"),
    (VALID, "[NHS number]"), (INVALID, "[number]"), ("Sam Jones", "[Supervisee 2]"),
    ("Okafor", "[name]")])
def test_identifiers_at_the_very_start_and_end_are_caught(named, found, label):
    assert named.text(found) == label
    assert named.text(f"{found} then") == f"{label} then"
    assert named.text(f"then {found}") == f"then {label}"
    assert named.text(f"{found}\n{found}") == f"{label}\n{label}"


def test_a_date_of_birth_at_the_very_end(plain):
    assert plain.text("DOB 03/04/2015") == "DOB [date of birth]"


# names ----------------------------------------------------------------------------------

def test_people_become_their_role_numbered_by_name(named):
    assert named.text("Ann Lee, Sam Jones, Jo Bloggs, Alex Kay and Sam Smith met.") == (
        "[Supervisee 1], [Supervisee 2], [Supervisor 1], [Peer 1] and [Person 1] met.")


def test_numbering_does_not_depend_on_the_order_people_come_in(named):
    shuffled = Redactor(list(reversed(PEOPLE)), ["Oak Tree Primary", "Okafor"])
    text = "Sam Jones and Ann Lee; Okafor"
    assert shuffled.text(text) == named.text(text)


def test_names_match_whole_words_in_any_case_longest_first(named):
    assert named.text("SAM JONES and sam   jones and Sam\nJones") == (
        "[Supervisee 2] and [Supervisee 2] and [Supervisee 2]")
    assert named.text("Samantha Jonesy's") == "Samantha Jonesy's"
    assert named.text("Sam Jones's plan") == "[Supervisee 2]'s plan"


def test_a_first_name_alone_is_hidden_with_its_label_only_when_unambiguous(named):
    assert named.text("Jo said Alex was late") == "[Supervisor 1] said [Peer 1] was late"
    assert named.text("Sam said so") == "[name] said so"  # two Sams: hidden, not guessed
    assert named.text("Ann agreed") == "[Supervisee 1] agreed"
    assert named.text("Dr Kay") == "Dr Kay"  # a title is not a first name


def test_names_on_the_list_become_name(named):
    assert named.text("The Okafor family at Oak Tree  Primary") == (
        "The [name] family at [name]")


def test_labels_are_never_redacted_again():
    tricky = Redactor([("Supervisee", "peer"), ("Person 1", None)], ["name", "email", "NHS"])
    text = "[Supervisee 1] wrote to [email] about [name] and [NHS number] ([Person 1])"
    assert tricky.text(text) == text
    assert tricky.text("name and email") == "[name] and [name]"


def test_a_name_glued_to_a_number_is_caught_too(named):
    assert named.text("Okafor07700900123") == "[name][phone]"
    assert named.text(f"Okafor{VALID}x") == "[name][NHS number]x"


def test_overlapping_finds_merge_so_no_part_shows(plain):
    assert plain.text("0791 112 943 476 5919 end") == "[phone] end"


def test_findings_say_what_was_found_where(named):
    text = "Sam Jones, DOB 03/04/2015, on 07700 900123"
    found = named.findings(text)
    assert found == [
        Finding("person", "Sam Jones", "[Supervisee 2]", 0, 9),
        Finding("date_of_birth", "03/04/2015", "[date of birth]", 15, 25),
        Finding("phone", "07700 900123", "[phone]", 30, 42)]
    assert all(text[f.start:f.end] == f.original for f in found)


def test_findings_found_in_a_second_pass_point_into_the_original(named):
    text = "x Okafor07700900123 and Okafor"
    found = named.findings(text)
    assert [(f.kind, text[f.start:f.end]) for f in found] == [
        ("name", "Okafor"), ("phone", "07700900123"), ("name", "Okafor")]


def test_nothing_to_find(named):
    assert named.findings("") == [] and named.text("") == ""
    assert named.text("A quiet week.") == "A quiet week."


# sessions -------------------------------------------------------------------------------

def make_session() -> Session:
    return Session(
        id="abc", held_on=date(2026, 1, 5), title="Supervision with Sam Jones",
        kind="group", role="supervisee", with_name="Sam Jones", duration=60,
        body="Okafor family, DOB 03/04/2015.", status="final", created="c", updated="u",
        tags=["okafor", "workload"],
        answers={"proctor": {"split": {"normative": 70, "formative": 30},
                             "notes": "Call Jo on 07700 900123",
                             "used": ["Sam Jones", {"deep": ["sam@example.org"]}],
                             "ok": True}},
        attendees=["Alex Kay", "Jo Bloggs"], presenter="Alex Kay",
        issue_presented="Okafor's school, SW1A 1AA", private="Ann Lee worries me",
        agreed_by="Jo Bloggs")


def test_a_session_copy_has_every_text_field_redacted(named):
    original = make_session()
    shown = named.session(original)
    assert shown.title == "Supervision with [Supervisee 2]"
    assert shown.with_name == "[Supervisee 2]"
    assert shown.body == "[name] family, DOB [date of birth]."
    assert shown.private == "[Supervisee 1] worries me"
    assert shown.tags == ["[name]", "workload"]
    assert shown.attendees == ["[Peer 1]", "[Supervisor 1]"]
    assert shown.presenter == "[Peer 1]"
    assert shown.issue_presented == "[name]'s school, [postcode]"
    assert shown.agreed_by == "[Supervisor 1]"
    assert shown.answers == {"proctor": {
        "split": {"normative": 70, "formative": 30}, "notes": "Call [Supervisor 1] on [phone]",
        "used": ["[Supervisee 2]", {"deep": ["[email]"]}], "ok": True}}
    assert original == make_session()  # a copy: the record itself is untouched
    assert named.session(shown) == shown


def test_a_session_without_optional_names(named):
    session = make_session()
    session.with_name = session.presenter = session.issue_presented = None
    shown = named.session(session)
    assert shown.with_name is None and shown.presenter is None
    assert shown.issue_presented is None


# the journal's list ---------------------------------------------------------------------

@pytest.fixture
def journal(tmp_path):
    j = open_journal(tmp_path / "j.db")
    yield j
    j.close()


def test_the_list_adds_ignores_duplicates_and_removes(journal):
    names = RedactNames(journal)
    assert names.add("  Okafor ") == ("Okafor", True)
    assert names.add("OKAFOR") == ("Okafor", False)
    assert names.add("Oak  Tree Primary") == ("Oak Tree Primary", True)
    assert names.names() == ["Oak Tree Primary", "Okafor"]
    assert names.remove("okafor") == "Okafor"
    assert names.names() == ["Oak Tree Primary"]
    with pytest.raises(NotFound):
        names.remove("Okafor")
    with pytest.raises(BadInput):
        names.add("   ")


def test_a_redactor_from_the_journal_uses_its_people_and_list(journal):
    journal.people.add("Sam Jones", "supervisee", None)
    journal.ensure_person("Kim Park")
    RedactNames(journal).add("Okafor")
    redactor = Redactor.from_journal(journal)
    assert redactor.text("Sam Jones, Kim and the Okafors; Okafor") == (
        "[Supervisee 1], [Person 1] and the Okafors; [name]")


# properties -----------------------------------------------------------------------------

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)
noise = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
TOKENS = ["Sam", "Jones", "Sam Jones", "Okafor", "07700", "900123", "+44", "(0)", "0", "1",
          "943", "476", "5919", "SW1A", "1AA", "@", "x.org", "DOB", "born", "03/04/2015",
          "April", "[", "]", "[name]", "[Peer 1]", "Person", " ", " ", "-", ".", "\n", ":"]
pieces = st.lists(st.one_of(st.sampled_from(TOKENS), noise), max_size=20).map("".join)


@FUZZ
@given(nine=nine_digits, layout=st.sampled_from(LAYOUTS), before=pieces, after=pieces)
def test_a_valid_nhs_number_never_survives(nine, layout, before, after):
    number = with_check_digit(nine)
    assume(number is not None)
    shown = layout(number)
    assume(all(number not in part and shown not in part for part in (before, after)))
    out = Redactor(PEOPLE, ["Okafor"]).text(f"{before} {shown} {after}")
    assert shown not in out and number not in out


@FUZZ
@given(text=st.one_of(noise, pieces))
def test_redaction_is_idempotent(text):
    redactor = Redactor(PEOPLE, ["Okafor", "name"])
    once = redactor.text(text)
    assert redactor.text(once) == once
    assert redactor.findings(once) == []


@FUZZ
@given(text=pieces)
def test_findings_describe_the_text_they_came_from(text):
    redactor = Redactor(PEOPLE, ["Okafor"])
    found = redactor.findings(text)
    assert all(text[f.start:f.end] == f.original for f in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
