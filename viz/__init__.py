"""The viewer: watch a town live, replay a finished run, inspect any agent.

It reads the frames a run writes and never drives the simulation. Pygame is
imported lazily by the modules that draw, so importing `viz` costs nothing.
"""
