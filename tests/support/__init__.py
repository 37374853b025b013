"""What the tests share, in one place; the conftests and bench/ import from here.

bench/ imports `server`, `forms` and `staff`, which use no development package (no pytest,
hypothesis or browser), because `make bench` installs only requirements.txt. Fixtures stay in
the conftests as small make_*() helpers built on these.
"""
