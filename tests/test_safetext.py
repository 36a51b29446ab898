"""Terminal escapes stripped and secrets redacted (paperlens.safetext)."""

from paperlens.safetext import printable, redact


def test_printable_drops_escape_sequences_and_controls():
    hostile = "a\x1b]0;owned\x07b\x1b[31mred\x1b[0m\r\nINFO forged\x00\x9b\u202eevil"
    shown = printable(hostile)
    assert "\x1b" not in shown and "\x07" not in shown and "\x00" not in shown
    assert "\n" not in shown and "\u202e" not in shown
    assert shown == "abred  INFO forgedevil"


def test_printable_can_keep_newlines():
    assert printable("one\ntwo\x1b[2J", newlines=True) == "one\ntwo"


def test_redact_removes_keys_authorization_and_url_credentials():
    message = ("Incorrect API key provided: Bearer sk-abcdef123456; Authorization: Basic dXNlcjpwdw== "
               "at http://user:pw@host:8080/v1 api_key=s3cr3t")
    shown = redact(message)
    for secret in ("sk-abcdef123456", "dXNlcjpwdw==", "user:pw", "s3cr3t"):
        assert secret not in shown
    assert "http://***@host:8080/v1" in shown


def test_redact_removes_a_given_secret_anywhere():
    assert redact("the key was abcd1234xyz, see", secrets=("abcd1234xyz",)) == "the key was ***, see"
