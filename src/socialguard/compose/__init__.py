"""The compose page: write a post for an account and platform, see the core's findings as you type
(highlighted in the text, with clause and fix), apply a fix with one click, and submit."""
