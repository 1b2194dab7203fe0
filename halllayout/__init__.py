"""halllayout: booth lists and hall plans in, laid-out and walkable glTF exhibition halls out.

Units are metres. Plan coordinates: x to the east, y to the north. glTF scenes are +Y up, with plan
(x, y) at glTF (x, 0, -y).
"""

__version__ = "0.1.0"
