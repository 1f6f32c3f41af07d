"""Accounts: users, web sessions, second factors, recovery codes and API tokens."""
