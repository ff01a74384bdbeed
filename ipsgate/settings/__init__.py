"""Settings per environment: base (shared), dev (embedded SQLite), test, production."""
