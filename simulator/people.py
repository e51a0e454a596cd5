"""People acting on the fake Telegram: inspectors in private chats, admins in the group."""

from __future__ import annotations

import itertools
import time
from typing import Any

from simulator.fake import FakeTelegram, SentMessage

_callback_ids = itertools.count(1)
_media_groups = itertools.count(13_000_000_000_000_001)


def _unique(file_id: str) -> str:
    """Telegram's file_unique_id differs from the file_id (which may change over time)."""
    return "u" + file_id


def _command_entities(text: str) -> dict[str, Any]:
    """A leading /command is marked as an entity, as Telegram does."""
    if not text.startswith("/"):
        return {}
    length = len(text.split()[0])
    return {"entities": [{"type": "bot_command", "offset": 0, "length": length}]}


class FakeUser:
    def __init__(
        self,
        fake: FakeTelegram,
        user_id: int,
        first_name: str,
        username: str | None = None,
        last_name: str | None = None,
    ) -> None:
        self.fake = fake
        self.id = user_id
        self.first_name = first_name
        self.data: dict[str, Any] = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": "zh-hans",
        }
        if username:
            self.data["username"] = username
        if last_name:
            self.data["last_name"] = last_name
        fake.users[user_id] = self.data
        fake.add_chat({"id": user_id, "type": "private", "first_name": first_name})

    # --- what the user does ----------------------------------------------------------------

    async def send(
        self, text: str, chat: FakeGroup | None = None, *, update_id: int | None = None,
        **extra: Any,
    ) -> int:  # fmt: skip
        """Type `text` in the private chat with the bot, or in `chat`. Returns the update id
        (which `update_id` forces, say to one out of range)."""
        message = self._message(chat, text=text, **extra, **_command_entities(text))
        return await self._push(message, update_id)

    async def send_document(
        self,
        file_name: str,
        content: bytes,
        *,
        caption: str | None = None,
        chat: FakeGroup | None = None,
        mime_type: str = "application/octet-stream",
        with_size: bool = True,
        fail_downloads: int = 0,
    ) -> int:
        """Send a file "as file" (a photo so sent keeps its EXIF). Telegram sometimes leaves
        out file_size; `with_size=False` does too."""
        file_id = self.fake.store_file("documents", file_name, content)
        self.fake.fail_downloads(file_id, fail_downloads)
        document: dict[str, Any] = {
            "file_id": file_id,
            "file_unique_id": _unique(file_id),
            "file_name": file_name,
            "mime_type": mime_type,
        }
        if with_size:
            document["file_size"] = len(content)
        extra: dict[str, Any] = {"document": document}
        if caption:
            extra["caption"] = caption
            if caption.startswith("/"):
                length = len(caption.split()[0])
                extra["caption_entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return await self._push(self._message(chat, **extra))

    def _photo_sizes(self, content: bytes, fail_downloads: int = 0) -> list[dict[str, Any]]:
        """A thumbnail and the photo itself, smallest first, as Telegram lists them."""
        thumb = content[: max(1, len(content) // 8)]
        thumb_id = self.fake.store_file("photos", "thumb.jpg", thumb)
        file_id = self.fake.store_file("photos", "photo.jpg", content)
        self.fake.fail_downloads(file_id, fail_downloads)
        return [
            {"file_id": thumb_id, "file_unique_id": _unique(thumb_id), "width": 90,
             "height": 68, "file_size": len(thumb)},
            {"file_id": file_id, "file_unique_id": _unique(file_id), "width": 1280,
             "height": 960, "file_size": len(content)},
        ]  # fmt: skip

    async def send_photo(
        self,
        content: bytes,
        *,
        caption: str | None = None,
        media_group_id: str | None = None,
        fail_downloads: int = 0,
    ) -> int:
        """A photo (compressed: Telegram strips EXIF); its downloads fail `fail_downloads`
        times first."""
        extra: dict[str, Any] = {"photo": self._photo_sizes(content, fail_downloads)}
        if caption:
            extra["caption"] = caption
        if media_group_id:
            extra["media_group_id"] = media_group_id
        return await self._push(self._message(None, **extra))

    async def send_album(self, photos: list[bytes], *, caption: str | None = None) -> list[int]:
        """An album: one message per photo with one media_group_id, the caption on the first,
        and nothing that marks the end (as Telegram delivers them)."""
        group = str(next(_media_groups))
        return [
            await self.send_photo(content, caption=caption if i == 0 else None,
                                  media_group_id=group)
            for i, content in enumerate(photos)
        ]  # fmt: skip

    async def send_video(
        self, content: bytes, *, caption: str | None = None, mime_type: str = "video/mp4"
    ) -> int:
        file_id = self.fake.store_file("videos", "video.mp4", content)
        video = {"file_id": file_id, "file_unique_id": _unique(file_id), "width": 1280,
                 "height": 720, "duration": 5, "mime_type": mime_type,
                 "file_size": len(content)}  # fmt: skip
        extra: dict[str, Any] = {"video": video}
        if caption:
            extra["caption"] = caption
        return await self._push(self._message(None, **extra))

    async def send_voice(self, content: bytes, *, duration: int = 3) -> int:
        file_id = self.fake.store_file("voice", "voice.oga", content)
        voice = {"file_id": file_id, "file_unique_id": _unique(file_id), "duration": duration,
                 "mime_type": "audio/ogg", "file_size": len(content)}  # fmt: skip
        return await self._push(self._message(None, voice=voice))

    async def send_contact(self, phone: str, *, user_id: int | None = None) -> int:
        """Share a contact: one's own (the reply-keyboard button) or someone else's card."""
        contact = {"phone_number": phone, "first_name": self.first_name,
                   "user_id": self.id if user_id is None else user_id}  # fmt: skip
        return await self._push(self._message(None, contact=contact))

    async def send_location(
        self,
        latitude: float,
        longitude: float,
        *,
        accuracy: float | None = None,
        forwarded: bool = False,
        date: int | None = None,
        live_period: int | None = None,
        chat: FakeGroup | None = None,
    ) -> int:
        """Send a location: one's own (`forwarded`: someone else's, forwarded from another
        chat), at `date` (Unix time; now by default)."""
        location: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
        if accuracy is not None:
            assert 0 <= accuracy <= 1500, "Telegram's horizontal_accuracy is 0-1500 m"
            location["horizontal_accuracy"] = accuracy
        if live_period is not None:
            location["live_period"] = live_period
        message = self._message(chat, location=location)
        if date is not None:
            message["date"] = date
        if forwarded:
            message["forward_origin"] = {
                "type": "hidden_user",
                "sender_user_name": "某人",
                "date": message["date"] - 3600,
            }
        return await self._push(message)

    async def tap_location_button(
        self, message: SentMessage, latitude: float, longitude: float, *,
        accuracy: float | None = None,
    ) -> int:  # fmt: skip
        """Tap the reply keyboard's location button of `message` (it must have one)."""
        assert any(b.get("request_location") for b in message.keyboard()), (
            f"no location button in {message.keyboard()}"
        )
        return await self.send_location(latitude, longitude, accuracy=accuracy)

    async def edit_location(self, update_id: int, latitude: float, longitude: float) -> int:
        """A live location moving: Telegram sends the message again as `edited_message`."""
        original = self.fake.pushed(update_id)["message"]
        assert "live_period" in original.get("location", {}), "only live locations move"
        location = {**original["location"], "latitude": latitude, "longitude": longitude}
        edited = {**original, "location": location, "edit_date": int(time.time())}
        return await self.fake.push_update({"edited_message": edited})

    async def edit(self, update_id: int, text: str) -> int:
        """Edit the text of a message this user sent earlier (by the update that carried it),
        as Telegram reports it: an `edited_message` with the same message id."""
        original = self.fake.pushed(update_id)["message"]
        assert original["from"]["id"] == self.id, "one can only edit one's own messages"
        edited = {**original, "text": text, "edit_date": int(time.time())}
        edited.pop("entities", None)
        edited.update(_command_entities(text))
        return await self.fake.push_update({"edited_message": edited})

    async def press(self, message: SentMessage, button_text: str) -> str:
        """Tap an inline button of a message the bot sent; returns the callback query id."""
        for button in message.buttons():
            if button["text"] == button_text and "callback_data" in button:
                query_id = str(next(_callback_ids))
                await self.fake.push_update(
                    {
                        "callback_query": {
                            "id": query_id,
                            "from": self.data,
                            "chat_instance": str(message.chat_id),
                            "data": button["callback_data"],
                            "message": {
                                "message_id": message.message_id,
                                "date": int(time.time()),
                                "chat": self.fake.chats[message.chat_id],
                                "from": self.fake.bot_user,
                                "text": message.text,
                                # Telegram shows the message as it is now, keyboard included.
                                **(
                                    {"reply_markup": message.reply_markup}
                                    if message.reply_markup
                                    else {}
                                ),
                            },
                        }
                    }
                )
                return query_id
        labels = [b["text"] for b in message.buttons()]
        raise AssertionError(f"no button {button_text!r}; the message has {labels}")

    def block_bot(self) -> None:
        self.fake.blocked_users.add(self.id)

    # --- what the user sees ----------------------------------------------------------------

    def inbox(self) -> list[SentMessage]:
        return self.fake.messages_to(self.id)

    async def expect(
        self, contains: str = "", *, after: int = 0, timeout: float = 10.0
    ) -> SentMessage:
        return await self.fake.wait_for_message(
            self.id, lambda m: contains in m.text, after=after, timeout=timeout
        )

    # --- plumbing --------------------------------------------------------------------------

    def _message(self, chat: FakeGroup | None, **fields: Any) -> dict[str, Any]:
        chat_data = chat.data if chat else self.fake.chats[self.id]
        chat_id = chat_data["id"]
        return {
            "message_id": self.fake.next_message_id(chat_id),
            "date": int(self.fake.clock()),
            "chat": chat_data,
            "from": self.data,
            **fields,
        }

    async def _push(self, message: dict[str, Any], update_id: int | None = None) -> int:
        if message["chat"]["type"] == "private":
            # Writing to the bot is what allows it to write back (and undoes a block).
            self.fake.started_users.add(self.id)
            self.fake.blocked_users.discard(self.id)
        return await self.fake.push_update({"message": message}, update_id=update_id)


class FakeGroup:
    def __init__(
        self, fake: FakeTelegram, chat_id: int, title: str, admins: list[FakeUser]
    ) -> None:
        self.fake = fake
        self.id = chat_id
        self.data: dict[str, Any] = {"id": chat_id, "type": "supergroup", "title": title}
        fake.add_chat(self.data)
        fake.admins[chat_id] = [a.id for a in admins]

    async def expect(
        self, contains: str = "", *, after: int = 0, timeout: float = 10.0
    ) -> SentMessage:
        return await self.fake.wait_for_message(
            self.id, lambda m: contains in m.text, after=after, timeout=timeout
        )

    def messages(self) -> list[SentMessage]:
        return self.fake.messages_to(self.id)
