"""``python -m rcf.demo_code SECRET``: print the current TOTP code (for demo accounts only)."""

import sys

from rcf.demo import current_code

if __name__ == "__main__":
    print(current_code(sys.argv[1]))
