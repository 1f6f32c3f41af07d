"""The one place where access is decided: permissions, roles and the sharing policy."""
