"""Layer 5, app data: share links, presets, exercises and code generation for the pages."""
