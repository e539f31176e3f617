"""Protocol codecs, one module per layer."""
