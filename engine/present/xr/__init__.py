"""Headset mode (OpenXR through pyopenxr): one small module per OpenXR concept. Nothing here
is imported until ``--display xr`` (or ``auto`` finding a headset) asks for it, and no module
changes logging, configuration or the environment on import."""
