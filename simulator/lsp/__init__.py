"""The scenario language server (`simulator lsp`): diagnostics, completion, hover, definition, outline, rename."""
