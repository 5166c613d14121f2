"""The web workspace (Django): officers fill their evidence, attach documents and submit.

The web layer stores, asks and shows; every point comes from the engine (``web.engine``).
"""
