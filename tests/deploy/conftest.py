from tests.intake.conftest import make_request  # noqa: F401 (fixture for the PostgreSQL log test)
