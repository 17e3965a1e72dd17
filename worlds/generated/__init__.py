"""Generated towns: a map, residents and a baseline scenario for any number of people.

`new_world(path, residents=N, seed=S)` writes a world folder that `hamlet
check-world` accepts and Tiled opens. The town's plan and its people are
pure functions of (N, seed); drawing uses Oakhollow's house plans and venues.
"""
