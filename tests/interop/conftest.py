import pytest

from confide.interop import mapping


@pytest.fixture(autouse=True)
def every_resource_is_canonical():
    """In these tests every resource a mapper builds is validated and must already be in its
    canonical form, which is what lets the bulk export check only a sample."""
    with mapping.checking_a_sample(first=0, every=1):
        yield
