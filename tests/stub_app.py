"""A stand-in for the game's App where a test needs only its options, message and ``t``."""


class StubApp:
    def __init__(self) -> None:
        self.options: dict = {}
        self.message = (True, "")

    @staticmethod
    def t(text: str) -> str:
        return text
