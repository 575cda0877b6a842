"""The search API as the tests of tests/search ask it: one place for its path and for reading a good answer."""

SEARCH = "/api/feed/v1/search/"


def search(client, **parameters):
    """The JSON of a search that must answer 200."""
    response = client.get(SEARCH, parameters)
    assert response.status_code == 200, response.content
    return response.json()
