"""Accounts the kit makes carry the production password hash (the test fixtures' cheaper one
never leaks into the kit), at the cost the unknown-username check pays."""

from __future__ import annotations

from conftest import TEST_PASSWORD_METHOD

from mpp_lite.extensions import db


def method_of(password_hash: str) -> str:
    return password_hash.split("$", 1)[0]


def test_a_new_account_costs_what_the_unknown_username_check_costs(app, create_user, runner):
    from mpp_lite.auth.models import User
    from mpp_lite.auth.services import DUMMY_PASSWORD_HASH, authenticate
    from mpp_lite.auth.services import create_user as make_user

    create_user("fixture1")  # before and beside the kit's own: its cheap hash stays in the fixture
    made = make_user("kepala", "correct horse battery", "admin", None, check_password=False)
    db.session.commit()
    result = runner.invoke(
        args=["create-user", "--username", "loket9", "--password", "kopi susu manis", "--role", "admin"]
    )
    assert result.exit_code == 0, result.output
    by_command = db.session.scalar(db.select(User).filter_by(username="loket9"))
    production = method_of(DUMMY_PASSWORD_HASH)
    assert production.startswith("scrypt:") and production != TEST_PASSWORD_METHOD
    assert method_of(made.password_hash) == method_of(by_command.password_hash) == production
    assert authenticate("kepala", "correct horse battery")[0] is not None
    assert authenticate("loket9", "kopi susu manis")[0] is not None
