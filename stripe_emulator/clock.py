"""The emulator clock: real time plus an offset, or frozen at a set instant."""

import time


class Clock:
    """Unix-seconds clock that tests can set and advance.

    By default it follows real time. `set(ts)` freezes it at `ts`; `advance(n)`
    moves it forward by `n` seconds whether it is frozen or following real time.
    """

    def __init__(self) -> None:
        self.frozen_time: int | None = None
        self.offset = 0

    def now(self) -> int:
        if self.frozen_time is not None:
            return self.frozen_time
        return int(time.time()) + self.offset

    def set(self, frozen_time: int) -> None:
        self.frozen_time = int(frozen_time)

    def advance(self, seconds: int) -> None:
        if self.frozen_time is not None:
            self.frozen_time += int(seconds)
        else:
            self.offset += int(seconds)

    def reset(self) -> None:
        self.frozen_time = None
        self.offset = 0

    def as_json(self) -> dict:
        return {
            "object": "emulator_clock",
            "now": self.now(),
            "frozen": self.frozen_time is not None,
            "offset": self.offset,
        }

    def restore(self, state: dict) -> None:
        self.frozen_time = state.get("frozen_time")
        self.offset = state.get("offset", 0)

    def dump(self) -> dict:
        return {"frozen_time": self.frozen_time, "offset": self.offset}
