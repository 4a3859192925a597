"""The floor for requests per second: a 5-line Flask route under the same gunicorn."""
from flask import Flask

app = Flask(__name__)
app.get("/hello")(lambda: "Hello")
