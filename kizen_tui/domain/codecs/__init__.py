"""Field-type codecs, one module per family; the public entry point is `kizen_tui.domain.fields`."""
