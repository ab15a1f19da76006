"""Personal data at rest: Fernet encryption, and keyed hashes to find the same person again."""

import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken


class PersonalDataCipher:
    def __init__(self, key: str):
        try:
            self._fernet = Fernet(key.encode() if isinstance(key, str) else key)
        except (ValueError, TypeError):
            raise ValueError("GONGKAI_SECRET_KEY 不是有效的 Fernet 密钥（44个字符的 URL 安全 base64）。") from None
        self._hash_key = hashlib.sha256(b"gongkai-lookup:" + key.encode()).digest()

    @staticmethod
    def generate_key() -> str:
        return Fernet.generate_key().decode()

    def encrypt(self, value: str | None) -> str | None:
        return None if value is None else self._fernet.encrypt(value.encode()).decode()

    def decrypt(self, token: str | None) -> str | None:
        if token is None:
            return None
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            raise ValueError("个人信息无法解密：GONGKAI_SECRET_KEY 与加密时使用的密钥不一致。") from None

    def encrypt_bytes(self, data: bytes) -> bytes:
        return self._fernet.encrypt(data)

    def decrypt_bytes(self, token: bytes) -> bytes:
        try:
            return self._fernet.decrypt(token)
        except InvalidToken:
            raise ValueError("附件无法解密：GONGKAI_SECRET_KEY 与加密时使用的密钥不一致。") from None

    def derive(self, purpose: str) -> bytes:
        """A 32-byte key of its own for `purpose` (console session cookies, signed document links), from the same secret."""
        return hmac.new(self._hash_key, b"derive:" + purpose.encode(), hashlib.sha256).digest()

    def lookup_hash(self, value: str | None) -> str | None:
        """Same value, same hash, without storing the value; keyed so a leaked table can't be brute-forced."""
        return None if value is None else hmac.new(self._hash_key, value.encode(), hashlib.sha256).hexdigest()
