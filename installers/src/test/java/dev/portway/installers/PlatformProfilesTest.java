// The macOS and Windows profiles of installers/pom.xml only run on those systems (the installers workflow), so what
// jpackage 17 needs from them is read from the pom here: the icon format, the package type, the image the package
// is made from (portway.app on macOS), a version macOS takes, and the Windows console launcher for the command line.
package dev.portway.installers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class PlatformProfilesTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();

    @Test
    void macOsPackagesTheAppBundleWithItsIconAndAVersionItTakes() throws Exception {
        Properties mac = properties(profile("installers-mac"));
        assertEquals("DMG", mac.getProperty("installer.type"));
        assertEquals("portway.icns", mac.getProperty("installer.icon"));
        assertEquals("libglass.dylib", mac.getProperty("installer.javafxNative"));
        // jpackage writes the macOS image as portway.app, and refuses a version starting with 0 there.
        assertEquals("${installer.work}/image/portway.app", mac.getProperty("installer.appImage"));
        assertEquals("1.0.0", mac.getProperty("installer.version"));
    }

    @Test
    void windowsPackagesAnMsiWithItsIconAndAConsoleLauncher() throws Exception {
        Element profile = profile("installers-windows");
        Properties win = properties(profile);
        assertEquals("MSI", win.getProperty("installer.type"));
        assertEquals("portway.ico", win.getProperty("installer.icon"));
        assertEquals("glass.dll", win.getProperty("installer.javafxNative"));
        Properties cli = new Properties();
        try (var in = Files.newInputStream(MODULE.resolve("src/jpackage/windows/portway-cli.properties"))) {
            cli.load(in);
        }
        assertEquals("true", cli.getProperty("win-console"));
        // Added to the app image, where jpackage makes launchers (it refuses --add-launcher with --app-image).
        Element launcher = (Element) profile.getElementsByTagName("launcher").item(0);
        assertEquals("portway-cli", child(launcher, "name").getTextContent());
        assertEquals("${project.basedir}/src/jpackage/windows/portway-cli.properties",
                child(launcher, "file").getTextContent());
        assertEquals("app-image", child((Element) launcher.getParentNode().getParentNode().getParentNode(), "id")
                .getTextContent());
    }

    private static Element profile(String id) throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(MODULE.resolve("pom.xml").toFile());
        NodeList profiles = pom.getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element profile = (Element) profiles.item(i);
            if (child(profile, "id").getTextContent().equals(id)) {
                return profile;
            }
        }
        throw new AssertionError("no profile " + id + " in installers/pom.xml");
    }

    private static Properties properties(Element profile) {
        Properties found = new Properties();
        NodeList props = child(profile, "properties").getChildNodes();
        for (int i = 0; i < props.getLength(); i++) {
            if (props.item(i).getNodeType() == Node.ELEMENT_NODE) {
                found.setProperty(props.item(i).getNodeName(), props.item(i).getTextContent().trim());
            }
        }
        return found;
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE && n.getNodeName().equals(name)) {
                return (Element) n;
            }
        }
        throw new AssertionError("no <" + name + "> in <" + parent.getNodeName() + ">");
    }
}
