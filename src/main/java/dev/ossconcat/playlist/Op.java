package dev.ossconcat.playlist;

/** The operations of an async {@code video/concat} process string, in the order they appear. */
public enum Op {
    CONCAT("video/concat"),
    PRE("/pre"),
    SUR("/sur"),
    SEGMENT("/segment"),
    SAVEAS("sys/saveas"),
    NOTIFY("/notify");

    private final String token;

    Op(String token) {
        this.token = token;
    }

    /** How the operation is written in the string ({@code /pre}, {@code sys/saveas}, ...). */
    public String token() {
        return token;
    }
}
