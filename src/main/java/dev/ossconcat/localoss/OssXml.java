package dev.ossconcat.localoss;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The XML bodies clients send (CompleteMultipartUpload, DeleteMultipleObjects), read with DTDs and external entities
 * off, since the body is untrusted; anything unreadable is OSS's 400 MalformedXML.
 */
final class OssXml {

    private OssXml() {}

    static Element parse(byte[] body, String root) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            Document d = b.parse(new ByteArrayInputStream(body));
            Element e = d.getDocumentElement();
            if (!e.getTagName().equals(root)) {
                throw malformed("the root element is not " + root);
            }
            return e;
        } catch (OssError e) {
            throw e;
        } catch (Exception e) {
            throw malformed("it is not well-formed XML");
        }
    }

    /** The direct children of {@code parent} named {@code name}. */
    static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    /** The text of the one child {@code name}, or null when there is none. */
    static String text(Element parent, String name) {
        List<Element> c = children(parent, name);
        return c.isEmpty() ? null : c.get(0).getTextContent();
    }

    static OssError malformed(String why) {
        return new OssError(
                400,
                "MalformedXML",
                "The XML you provided was not well-formed or did not validate against our published schema: " + why
                        + ".");
    }
}
