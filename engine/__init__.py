"""Task Force VR: multi-agency training scenarios, played, recorded and graded."""

__version__ = "0.1.0"
