package dev.ossconcat.localoss;

/** The calls the embedded server answers; faults are injected per operation. */
public enum OssOperation {
    PUT_OBJECT,
    GET_OBJECT,
    HEAD_OBJECT,
    /** HEAD {@code ?objectMeta}: GetObjectMeta. */
    GET_OBJECT_META,
    DELETE_OBJECT,
    COPY_OBJECT,
    /** ListObjectsV2 ({@code list-type=2}). */
    LIST_OBJECTS,
    /** ListObjects, version 1 ({@code marker}). */
    LIST_OBJECTS_V1,
    DELETE_MULTIPLE_OBJECTS,
    GET_BUCKET_INFO,
    GET_BUCKET_LOCATION,
    INITIATE_MULTIPART_UPLOAD,
    UPLOAD_PART,
    UPLOAD_PART_COPY,
    COMPLETE_MULTIPART_UPLOAD,
    ABORT_MULTIPART_UPLOAD,
    LIST_PARTS,
    LIST_MULTIPART_UPLOADS,
    /** An {@code OPTIONS} CORS preflight: answered without a signature, as OSS does. */
    CORS_PREFLIGHT,
    ASYNC_PROCESS,
    VIDEO_INFO,
    UNSUPPORTED
}
