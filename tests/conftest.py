import pytest
from hypothesis import HealthCheck, settings

from confide.practice.demo.places import load_places

# Timing is not behaviour: a loaded CI machine must not fail a property test on a deadline.
settings.register_profile(
    "confide", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("confide")


@pytest.fixture(scope="session", autouse=True)
def _audit_guard_survives_test_flushes():
    """Transactional and browser tests end by emptying every table, which the audit trail's
    database guard rightly refuses: lift the guard around that flush only, then restore it.
    The shared cache's table (rate-limit counters) is emptied with them."""
    from django.db.backends.base.operations import BaseDatabaseOperations

    from confide.audit.guard import GUARD, LIFT

    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        vendor = self.connection.vendor
        if not any("audit_auditevent" in sql for sql in sql_list):
            return original(self, sql_list)
        cache = ["DELETE FROM confide_cache"]
        result = original(self, [*LIFT.get(vendor, []), *sql_list, *cache, *GUARD.get(vendor, [])])
        _reseed()
        return result

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    BaseDatabaseOperations.execute_sql_flush = original


def _reseed() -> None:
    """Put back what data migrations seed (vocabularies, first page and document texts), as a
    fresh database has it: a flush empties those tables too, and later tests expect them."""
    from confide.pages.content import load_pages
    from confide.paperwork.content import load_templates
    from confide.practice.seed import load_vocabulary

    load_vocabulary()
    load_pages()
    load_templates()


@pytest.fixture
def places(db):
    """The demo practice's two locations with their hours and rooms."""
    return load_places()
