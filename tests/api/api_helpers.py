"""Constants shared by the API tests."""

TOKEN = "test-token-1234"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
