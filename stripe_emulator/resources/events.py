"""GET /v1/events and /v1/events/<id>: the event log, newest first, filterable by type."""

import fnmatch

from ..endpoints import Call, endpoint
from ..listing import created_matches, paginate
from ..params import CREATED, EXPAND, LIST_PARAMS

LIST_EVENTS = {**LIST_PARAMS, "type": str, "types": [str], "created": CREATED}


@endpoint("GET", "/v1/events", params=LIST_EVENTS, sdk_params="EventListParams")
def list_events(call: Call) -> dict:
    patterns = call.params.get("types") or ([call.params["type"]] if call.params.get("type") else [])
    events = [
        event for event in call.store.all("event")
        if (not patterns or any(fnmatch.fnmatchcase(event["type"], p) for p in patterns))
        and created_matches(event["created"], call.params.get("created"))
    ]
    return paginate(events, call.params, url="/v1/events", object_name="event")


@endpoint("GET", "/v1/events/<event>", params={"expand": EXPAND}, sdk_params="EventRetrieveParams")
def retrieve_event(call: Call, event: str) -> dict:
    return call.store.get("event", event)
