// The zip format's fixed parts (PKWARE APPNOTE 6.3): record signatures and sizes, the fixed date
// and the limits past which a value needs a zip64 field. Shared by ZipWriter and ZipReader.

export const LOCAL_SIG = 0x04034b50;
export const CENTRAL_SIG = 0x02014b50;
export const END_SIG = 0x06054b50;
export const ZIP64_END_SIG = 0x06064b50;
export const ZIP64_LOCATOR_SIG = 0x07064b50;

/** Fixed sizes of the records, without their variable parts. */
export const LOCAL_SIZE = 30;
export const CENTRAL_SIZE = 46;
export const END_SIZE = 22;
export const ZIP64_END_SIZE = 56;
export const ZIP64_LOCATOR_SIZE = 20;
/** The zip64 extended-information extra field's id. */
export const ZIP64_EXTRA = 0x0001;

/** Compression methods. */
export const STORED = 0;
export const DEFLATED = 8;

/** The largest 32-bit size or offset; a field holding it means "see the zip64 extra field". */
export const MAX32 = 0xffffffff;
/** The largest 16-bit entry count; the end record holding it means "see the zip64 end record". */
export const MAX16 = 0xffff;

/** General-purpose flag bit 11: the name is UTF-8. */
export const FLAG_UTF8 = 1 << 11;

/** 2000-01-01 00:00 as a DOS date and time: no clock in the bytes, so the same files give the same zip. */
export const DOS_DATE = ((2000 - 1980) << 9) | (1 << 5) | 1;
export const DOS_TIME = 0;

/** Version needed to extract: 2.0 (deflate), 4.5 (zip64). Made by: Unix, 4.5. */
export const VERSION_DEFLATE = 20;
export const VERSION_ZIP64 = 45;
export const MADE_BY_UNIX = (3 << 8) | 45;
/** A regular file, rw-r--r--, in the high half of the external attributes (Unix). */
export const UNIX_FILE_ATTRS = (0o100644 << 16) >>> 0;
