using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;

namespace Pulumi.ClusterScale.Sdk.Tests;

/// <summary>
/// What gen-sdk puts in the package besides code (pulumi-dotnet codegen/templates.go:159-161, 195-196;
/// gen.go:2285-2359): the schema's homepage as projectUrl, its repository as repositoryUrl, an icon, and
/// <c>version.txt</c> embedded (Utilities reads the version from it) and packed under <c>content/</c>.
/// </summary>
public sealed class PackageMetadataTests
{
    private static readonly JsonElement Schema = SdkMatchesSchemaTests.LoadSchema();
    private static readonly string SdkDirectory = Path.Combine(ExampleProjectFileTests.FindRepositoryRoot(), "sdk", "dotnet");
    private static readonly XElement Project = XElement.Load(Path.Combine(SdkDirectory, "Pulumi.ClusterScale.csproj"));

    private static string? Property(string name) => Project.Descendants(name).SingleOrDefault()?.Value;

    private static XElement? PackedFile(string include) =>
        Project.Descendants("None").SingleOrDefault(e => (string?)e.Attribute("Include") == include && (string?)e.Attribute("Pack") == "true");

    [Fact]
    public void The_package_names_the_schema_homepage_and_repository_and_carries_an_icon()
    {
        Assert.Equal(Schema.GetProperty("homepage").GetString(), Property("PackageProjectUrl"));
        Assert.Equal(Schema.GetProperty("repository").GetString(), Property("RepositoryUrl"));
        Assert.Equal("logo.png", Property("PackageIcon"));
        Assert.Equal("", (string?)PackedFile("logo.png")?.Attribute("PackagePath"));
        byte[] pngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.Equal(pngSignature, File.ReadAllBytes(Path.Combine(SdkDirectory, "logo.png")).Take(8));
    }

    [Fact]
    public void Version_txt_holds_the_schema_version_embedded_and_packed_in_content()
    {
        Assembly sdk = typeof(Provider).Assembly;
        using Stream? stream = sdk.GetManifestResourceStream("Pulumi.ClusterScale.version.txt");
        Assert.NotNull(stream);

        Assert.Equal(Schema.GetProperty("version").GetString(), new StreamReader(stream).ReadToEnd().Trim());
        Assert.Equal("content", (string?)PackedFile("version.txt")?.Attribute("PackagePath"));
    }
}
