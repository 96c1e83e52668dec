"""Question kinds: what each `type:` of question validates, posts, shows and samples."""
