package dev.ossconcat.notify;

import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** IMM task messages as IMM documents them (docs/notifications.md), and the SMQ envelopes around them. */
public final class ImmMessages {

    private ImmMessages() {}

    public static String content(String taskId, String status, String code, String message, String bucket) {
        return content(taskId, status, code, message, bucket, "clips/a.mp4");
    }

    /** IMM's content for a task on {@code bucket/sourceKey}, naming no output (as IMM's own sample). */
    public static String content(
            String taskId, String status, String code, String message, String bucket, String sourceKey) {
        return content(taskId, status, code, message, bucket, sourceKey, "");
    }

    /** ... naming {@code targetUri} as its output, or none when it is empty. */
    public static String content(
            String taskId,
            String status,
            String code,
            String message,
            String bucket,
            String sourceKey,
            String targetUri) {
        return "{\"ProjectName\":\"test-project\",\"DatasetName\":\"\",\"RequestId\":\"F9F8\",\"StartTime\":"
                + "\"2024-08-20T07:03:07.36Z\",\"EndTime\":\"2024-08-20T07:03:08.57Z\",\"UserData\":\"\",\"TaskType\":"
                + "\"MediaConvert\",\"TaskId\":\"" + taskId + "\",\"Status\":\"" + status + "\",\"Code\":\"" + code
                + "\",\"Message\":\"" + message + "\",\"EventSourceId\":\"\",\"Sources\":[{\"URI\":"
                + TextNode.valueOf("oss://" + bucket + "/" + sourceKey) + "}],\"Targets\":"
                + (targetUri.isEmpty() ? "[]" : "[{\"URI\":" + TextNode.valueOf(targetUri) + "}]") + "}";
    }

    public static String imm(String content) {
        return "{\"id\":\"25E-1uBJUMOshisffTNk8Nr3GIj****\",\"source\":\"acs.imm\",\"type\":\"imm:Task:MediaConvert\","
                + "\"subject\":\"acs:imm:cn-beijing:123:test-project/imm:Task:MediaConvert\",\"time\":\"1724133063161\","
                + "\"content\":" + TextNode.valueOf(content) + "}";
    }

    static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String smqXml(String message) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><Notification xmlns=\"http://mns.aliyuncs.com/doc/v1/\">"
                + "<TopicOwner>123</TopicOwner><TopicName>concat-done</TopicName><Subscriber>123</Subscriber>"
                + "<SubscriptionName>fn</SubscriptionName><MessageId>AB12</MessageId><MessageMD5>00</MessageMD5>"
                + "<Message>" + message.replace("&", "&amp;").replace("<", "&lt;") + "</Message>"
                + "<PublishTime>1724133063161</PublishTime></Notification>";
    }

    static String smqJson(String message) {
        return "{\"TopicOwner\":\"123\",\"TopicName\":\"concat-done\",\"Subscriber\":\"123\",\"SubscriptionName\":"
                + "\"fn\",\"MessageId\":\"AB12\",\"MessageMD5\":\"00\",\"Message\":" + TextNode.valueOf(message)
                + ",\"PublishTime\":\"1724133063161\"}";
    }
}
