"""The redact commands: the list of names, and redacting a text as an export would."""

from tests.test_bad_input import assert_one_line_error


def test_add_stores_names_with_a_notice_each_and_ignores_duplicates(reflect):
    result = reflect("redact", "add", "Okafor", "Oak Tree  Primary", "okafor")
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "Added Okafor.", "Added Oak Tree Primary.", "Okafor is already on the list."]
    assert reflect("redact", "add", "OKAFOR").stderr.strip() == "Okafor is already on the list."
    assert reflect("redact", "list").stdout.splitlines() == ["Oak Tree Primary", "Okafor"]


def test_list_as_json(reflect):
    assert reflect.json("redact", "list") == []
    reflect("redact", "add", "Okafor")
    rows = reflect.json("redact", "list")
    assert [row["name"] for row in rows] == ["Okafor"] and rows[0]["added"]


def test_an_empty_list_says_so_on_stderr(reflect):
    result = reflect("redact", "list")
    assert result.stdout == "" and "No names" in result.stderr


def test_remove_takes_a_name_off_in_any_case(reflect):
    reflect("redact", "add", "Okafor", "Smith")
    assert reflect("redact", "remove", "okafor").stderr.strip() == "Removed Okafor."
    assert reflect("redact", "list").stdout.splitlines() == ["Smith"]


def test_removing_a_name_not_on_the_list_is_a_one_line_error(reflect):
    assert_one_line_error(reflect("redact", "remove", "Nobody", code=None),
                          "'Nobody' is not on the redaction list")


def test_an_empty_name_is_a_one_line_error(reflect):
    assert_one_line_error(reflect("redact", "add", "  ", code=None), "cannot be empty")
    assert reflect.json("redact", "list") == []


def test_text_uses_the_journals_people_and_list(reflect):
    reflect("person", "add", "Sam Jones", "--as", "supervisee")
    reflect("person", "add", "Jo Bloggs", "--as", "supervisor")
    reflect("new", "--with", "Kim Park", "--body", "x")
    reflect("redact", "add", "Okafor")
    result = reflect("redact", "text",
                     "Sam Jones and Jo met Kim about the Okafor family (DOB 03/04/2015).")
    assert result.stdout == ("[Supervisee 1] and [Supervisor 1] met [Person 1] about the"
                             " [name] family (DOB [date of birth]).\n")


def test_text_from_stdin_with_a_dash_or_nothing(reflect):
    reflect("person", "add", "Sam Jones", "--as", "peer")
    text = "Sam Jones: sam@example.org, 07700 900123\nSW1A 1AA\n"
    expected = "[Peer 1]: [email], [phone]\n[postcode]\n"
    assert reflect("redact", "text", "-", input=text).stdout == expected
    assert reflect("redact", "text", input=text).stdout == expected


def test_dry_run_lists_each_finding(reflect):
    reflect("person", "add", "Sam Jones", "--as", "supervisee")
    result = reflect("redact", "text", "--dry-run",
                     "Sam Jones, NHS 943 476 5919, case 1234567890, born 3 April 2015")
    assert result.stdout.splitlines() == [
        "person: Sam Jones -> [Supervisee 1]",
        "nhs_number: 943 476 5919 -> [NHS number]",
        "number: 1234567890 -> [number]",
        "date_of_birth: 3 April 2015 -> [date of birth]",
    ]


def test_dry_run_with_nothing_to_redact(reflect):
    result = reflect("redact", "text", "--dry-run", "A quiet week; we met at 10:30.")
    assert result.stdout == "" and "Nothing to redact" in result.stderr
    assert reflect("redact", "text", "A quiet week.").stdout == "A quiet week.\n"


def test_redacting_changes_nothing_in_the_journal(reflect):
    session_id = reflect.new("--with", "Sam Jones", body="Sam Jones on 07700 900123")
    reflect("redact", "text", "Sam Jones")
    assert "07700 900123" in reflect("show", session_id, "--format", "markdown").stdout
