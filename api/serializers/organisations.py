from rest_framework import serializers

from organisations.models import Office, Profile, ReceivingBody, Target


class OfficeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Office
        fields = ["id", "code", "name", "level", "parent", "region"]
        read_only_fields = fields


class TargetSerializer(serializers.ModelSerializer):
    office_name = serializers.CharField(source="office.name", read_only=True)
    region_name = serializers.CharField(
        source="region.name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Target
        fields = [
            "id",
            "office",
            "office_name",
            "code",
            "name",
            "category",
            "region",
            "region_name",
            "parent",
            "active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ReceivingBodySerializer(serializers.ModelSerializer):
    class Meta:
        model = ReceivingBody
        fields = ["id", "office", "name", "kind"]
        read_only_fields = fields


class PersonSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="user_id", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Profile
        fields = [
            "id",
            "username",
            "name",
            "office",
            "position",
            "is_office_staff",
            "is_leadership",
            "in_talent_pool",
            "in_leader_pool",
            "is_specialist",
            "receiving_body",
        ]
        read_only_fields = fields


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(allow_null=True)
    office = serializers.IntegerField(allow_null=True)
    is_office_staff = serializers.BooleanField()
    is_leadership = serializers.BooleanField()
    is_liaison = serializers.BooleanField()
    receiving_body = serializers.IntegerField(allow_null=True)
