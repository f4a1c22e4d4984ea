"""`python -m hrkit`."""

from __future__ import annotations

import sys

from hrkit.cli.main import main

sys.exit(main())
