package dev.ossconcat.localoss;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.common.comm.SignVersion;

/** The real SDK client the embedded server's tests speak with: no retries, so each answer is the server's own. */
final class OssClients {

    private OssClients() {}

    static OSS of(String endpoint, String accessKeyId, String secret, SignVersion version) {
        ClientBuilderConfiguration c = new ClientBuilderConfiguration();
        c.setSignatureVersion(version);
        c.setMaxErrorRetry(0);
        return OSSClientBuilder.create()
                .endpoint(endpoint)
                .region("cn-hangzhou")
                .credentialsProvider(new DefaultCredentialProvider(accessKeyId, secret))
                .clientConfiguration(c)
                .build();
    }
}
