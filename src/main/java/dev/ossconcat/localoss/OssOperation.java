package dev.ossconcat.localoss;

/** The calls the embedded server answers; faults are injected per operation. */
public enum OssOperation {
    PUT_OBJECT,
    GET_OBJECT,
    HEAD_OBJECT,
    DELETE_OBJECT,
    COPY_OBJECT,
    LIST_OBJECTS,
    ASYNC_PROCESS,
    VIDEO_INFO,
    UNSUPPORTED
}
