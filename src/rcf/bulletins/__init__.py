"""Information bulletins: short structured alerts and notes a member shares with others (the
smallest capability built on the sharing policy; later capabilities copy its shape)."""
