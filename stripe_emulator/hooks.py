"""Extension points other modules register into: event listeners and clock-advance handlers.

    from stripe_emulator import hooks

    @hooks.on_event
    def deliver(store, event):          # called for every event, under the store lock;
        ...                             # must not block: enqueue work for a thread

    @hooks.on_clock_advance
    def renew(store, start, end):       # called under the store lock after the clock
        ...                             # moved forward from `start` to `end` (unix
                                        # seconds), by /_emulator/advance or /clock

Each Store copies these lists when it is created (`store.event_listeners`,
`store.advance_handlers`), so a single store can also get its own extra hooks.
"""

from collections.abc import Callable

EventListener = Callable[..., None]
AdvanceHandler = Callable[..., None]

EVENT_LISTENERS: list[EventListener] = []
ADVANCE_HANDLERS: list[AdvanceHandler] = []


def on_event(func: EventListener) -> EventListener:
    EVENT_LISTENERS.append(func)
    return func


def on_clock_advance(func: AdvanceHandler) -> AdvanceHandler:
    ADVANCE_HANDLERS.append(func)
    return func
