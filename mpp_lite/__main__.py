"""`python -m mpp_lite` runs the `mpp-lite` command."""

from mpp_lite.cli import main

main()
