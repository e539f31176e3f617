"""Core: the plugin base class and the engine."""
