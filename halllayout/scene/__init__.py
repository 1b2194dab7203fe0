"""The 3D scene of a hall: shell, booths, signage and products, written as one GLB."""
